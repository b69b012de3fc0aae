// The header's File menu: a new overall panel from unit panels (the overall moderation meeting, paras
// 82-84). The desktop app has the same item in its native File menu, which picks the files natively.

import type { MenuItem } from '../components/Menu';
import { MenuButton } from '../components/MenuButton';

const ITEMS: MenuItem[] = [{ id: 'merge-units', label: 'New overall panel from unit panels…' }];

export function FileMenu() {
  return <MenuButton label="File" items={ITEMS} />;
}

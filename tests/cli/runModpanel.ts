// `modpanel` run in this process, as the tests drive it: the arguments, the exit code and what it printed.
import { main } from '../../cli/main';

export async function modpanel(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

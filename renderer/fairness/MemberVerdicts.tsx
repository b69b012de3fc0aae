// Panel members' verdicts from their previews on one case: the tally, and each member's comment where the
// viewer may see them (the chair and HR). Used in the discussion queue and the person panel.

import { MEMBER_VERDICT_LABELS, type MemberVerdictView } from '../../shared/contributions';
import './memberVerdicts.css';

export function tallyWords(verdicts: readonly MemberVerdictView[]): string {
  const n = (verdict: MemberVerdictView['verdict']) => verdicts.filter((v) => v.verdict === verdict).length;
  const parts = [
    n('question') ? `${n('question')} questioned` : null,
    n('agree') ? `${n('agree')} agreed` : null,
    n('abstain') ? `${n('abstain')} abstained` : null,
  ].filter(Boolean);
  return `Members’ previews: ${parts.join(', ')}`;
}

export function MemberVerdictList({ verdicts, compact = false }: { verdicts: readonly MemberVerdictView[]; compact?: boolean }) {
  if (verdicts.length === 0) return null;
  const withComments = verdicts.some((v) => v.comment !== '');
  // Questions first: they are what the chair needs to put to the room.
  const ordered = [...verdicts].sort((a, b) => Number(b.verdict === 'question') - Number(a.verdict === 'question'));
  return (
    <div className={compact ? 'member-verdicts member-verdicts--compact' : 'member-verdicts'}>
      <p className="member-verdicts-tally">{tallyWords(verdicts)}</p>
      {withComments || !compact ? (
        <ul className="member-verdicts-list">
          {ordered.map((v) => (
            <li key={v.member} className={`member-verdict member-verdict--${v.verdict}`}>
              <span className="member-verdict-who">
                {v.member}: {MEMBER_VERDICT_LABELS[v.verdict]}
              </span>
              {v.comment ? <span className="member-verdict-comment"> — {v.comment}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

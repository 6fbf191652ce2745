import { useState, type FormEvent } from 'react';
import type { Problem } from '../api.js';
import { listMessages, MESSAGE_TLPS, postMessage, type Message } from '../case-api.js';
import { navigate } from '../router.js';
import { useProfile } from '../session.js';
import { FormProblem } from './case-actions.js';
import { listOf } from './case-parts.js';
import { ProblemView, problemOf } from './common.js';
import { errorsByControl, Field } from './Field.js';
import { TlpBadge } from './intake-parts.js';
import { counted } from './labels.js';
import { Markdown } from './Markdown.js';
import { Pager } from './Pager.js';
import { ZonedTime } from './TimeZone.js';
import { useLoad } from './use-load.js';

/** Messages per page of the thread. */
const MESSAGES_PER_PAGE = 50;

/** Who may read a message of each label, as the poster chooses it. */
const tlpAudience: Record<string, string> = {
  CLEAR: 'anyone who reads the case',
  GREEN: 'anyone who reads the case',
  AMBER: 'every organization taking part in the case',
  'AMBER+STRICT': 'your organization only',
  RED: 'the people you name, and you',
};

/**
 * The case's message thread, oldest first, each message with its TLP and its Markdown body
 * (through the one sanitizing renderer), and the form to post one.
 */
export function CaseThread({ caseId, offset, pageHref }: { caseId: string; offset: number; pageHref: (offset: number) => string }) {
  const [posted, setPosted] = useState(0);
  const page = useLoad(async (signal) => ({ offset, result: await listMessages(caseId, { offset, limit: MESSAGES_PER_PAGE }, signal) }), [caseId, offset, posted]);
  const done = page.status === 'done' ? page.value.result : undefined;
  const shownOffset = page.status === 'done' ? page.value.offset : offset;
  const authors = new Map((done?.items ?? []).map((m) => [m.authorUserId, m.authorName]));

  /** Shows the thread again, at its last page, where the new message is. */
  const onPosted = (total: number | undefined): void => {
    const last = total === undefined ? offset : Math.floor(Math.max(0, total - 1) / MESSAGES_PER_PAGE) * MESSAGES_PER_PAGE;
    if (last !== offset) navigate(pageHref(last));
    setPosted((n) => n + 1);
  };

  return (
    <section aria-labelledby="thread-heading" className="thread">
      <h2 id="thread-heading">Messages</h2>
      {page.status === 'loading' && <p role="status">Loading messages…</p>}
      {page.status === 'error' && <ProblemView problem={page.problem} />}
      {done && (
        <>
          <p className="result-count">{done.total === 0 ? 'No messages yet.' : `${counted(done.total, 'message')} you may read.`}</p>
          <ol className="messages" aria-busy={page.status === 'done' && page.reloading}>
            {done.items.map((m) => (
              <MessageItem key={m.id} message={m} />
            ))}
          </ol>
          <Pager total={done.total} offset={shownOffset} limit={MESSAGES_PER_PAGE} noun="messages" pageHref={pageHref} />
        </>
      )}
      <MessageForm caseId={caseId} people={authors} onPosted={onPosted} />
    </section>
  );
}

function MessageItem({ message: m }: { message: Message }) {
  return (
    <li className="message" data-message={m.id}>
      <div className="message-head">
        <strong>{m.authorName}</strong> <span className="muted">({m.orgName})</span> <TlpBadge tlp={m.tlp} /> <ZonedTime value={m.createdAt} />
        {m.recipientUserIds && <span className="muted"> · for {counted(m.recipientUserIds.length, 'person', 'people')}</span>}
      </div>
      <Markdown source={m.body} className="report-text message-body" />
    </li>
  );
}

const messageControls = { '/body': 'body', '/tlp': 'tlp', '/recipientUserIds': 'recipients' };

/** A problem with each recipient's pointer (/recipientUserIds/2) read as the recipients control's. */
function byRecipients(problem: Problem | undefined): Problem | undefined {
  return problem && { ...problem, errors: problem.errors?.map((e) => ({ ...e, field: e.field.replace(/^\/recipientUserIds\/.*$/, '/recipientUserIds') })) };
}

/** Posts a message; a TLP:RED one names its readers, picked from the people in the thread or given by id. */
function MessageForm({ caseId, people, onPosted }: { caseId: string; people: ReadonlyMap<string, string>; onPosted: (total: number | undefined) => void }) {
  const { user } = useProfile();
  const [body, setBody] = useState('');
  const [tlp, setTlp] = useState('AMBER');
  const [chosen, setChosen] = useState<string[]>([]);
  const [otherIds, setOtherIds] = useState('');
  const [outcome, setOutcome] = useState<{ status: 'editing'; problem?: Problem } | { status: 'sending' }>({ status: 'editing' });
  const problem = byRecipients(outcome.status === 'editing' ? outcome.problem : undefined);
  const { byControl } = errorsByControl(problem, messageControls);
  const others = [...people].filter(([id]) => id !== user.id);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    const recipientUserIds = tlp === 'RED' ? [...new Set([...chosen, ...listOf(otherIds)])] : undefined;
    setOutcome({ status: 'sending' });
    postMessage(caseId, { body, tlp, ...(recipientUserIds ? { recipientUserIds } : {}) }).then(
      async () => {
        setBody('');
        setChosen([]);
        setOtherIds('');
        setOutcome({ status: 'editing' });
        // The message is stored whatever this count says; without it the thread stays on its page.
        onPosted(await listMessages(caseId, { offset: 0, limit: 1 }).then((p) => p.total, () => undefined));
      },
      (error: unknown) => setOutcome({ status: 'editing', problem: problemOf(error) }),
    );
  };

  return (
    <form className="panel message-form" aria-label="Post a message" onSubmit={submit}>
      <Field id="message-body" label="Message" hint="Markdown. Images and HTML forms are not shown; attach files to reports instead." errors={byControl.body}>
        {(control) => <textarea {...control} name="body" rows={5} value={body} onChange={(e) => setBody(e.target.value)} />}
      </Field>
      <Field id="message-tlp" label="Marking" hint={`TLP:${tlp} reaches ${tlpAudience[tlp] ?? 'its readers'}.`} errors={byControl.tlp}>
        {(control) => (
          <select {...control} name="tlp" value={tlp} onChange={(e) => setTlp(e.target.value)}>
            {MESSAGE_TLPS.map((t) => (
              <option key={t} value={t}>
                TLP:{t}
              </option>
            ))}
          </select>
        )}
      </Field>
      {tlp === 'RED' && (
        <fieldset className="recipients">
          <legend>For whom</legend>
          {others.map(([id, name]) => (
            <label key={id}>
              <input type="checkbox" value={id} checked={chosen.includes(id)} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, id] : c.filter((x) => x !== id)))} /> {name}
            </label>
          ))}
          <Field id="message-recipients" label="Other people (user ids, comma-separated)" errors={byControl.recipients}>
            {(control) => <input {...control} name="recipientUserIds" autoComplete="off" spellCheck={false} value={otherIds} onChange={(e) => setOtherIds(e.target.value)} />}
          </Field>
        </fieldset>
      )}
      <button type="submit" disabled={outcome.status === 'sending' || body.trim() === ''}>
        Post message
      </button>
      <FormProblem problem={problem} controls={messageControls} />
    </form>
  );
}

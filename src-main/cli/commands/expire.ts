import { ExpiryError, parseIn, parseOn, setExpiry } from '@core/expiry/expiry';
import type { ExpiryChoice } from '@shared/expiry';
import { type Command, flag, str, UsageError, withLibrary } from '../command';
import { ids } from './integrity';

function choiceOf(values: Parameters<Command['run']>[2], now: number): ExpiryChoice {
  const inText = str(values, 'in');
  const onText = str(values, 'on');
  const given = [inText !== undefined, onText !== undefined, flag(values, 'never'), flag(values, 'default')].filter(Boolean).length;
  if (given !== 1) throw new UsageError('expire takes exactly one of --in <period>, --on <date>, --never, --default');
  try {
    if (inText !== undefined) return { kind: 'at', at: new Date(parseIn(inText, now)).toISOString() };
    if (onText !== undefined) return { kind: 'at', at: new Date(parseOn(onText)).toISOString() };
  } catch (err) {
    if (err instanceof ExpiryError) throw new UsageError(err.message);
    throw err;
  }
  return flag(values, 'never') ? { kind: 'never' } : { kind: 'profile' };
}

export const expireCommand: Command = {
  name: 'expire',
  usage: 'reclib expire <id...> --in 30d|--on 2027-01-31|--never|--default',
  summary: "set when recordings expire (the `expired` cleanup then lists them; nothing is removed here); --default follows the profile's setting",
  options: { in: { type: 'string' }, on: { type: 'string' }, never: { type: 'boolean' }, default: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const list = ids(positionals, 'expire');
    const choice = choiceOf(values, Date.now());
    return withLibrary(ctx, { writer: 'reclib expire' }, (lib) => {
      const r = setExpiry(lib, list, choice);
      const when = (u: (typeof r.updated)[number]) => (u.never ? 'never expires' : u.expireAt ? `expires ${u.expireAt.slice(0, 10)}` : "follows its profile's setting");
      const text = [...r.updated.map((u) => `#${u.id}: ${when(u)}`), ...r.skipped.map((s) => `#${s.id} not changed: ${s.reason}`)].join('\n');
      return { json: r, text, exitCode: r.skipped.length ? 1 : 0 };
    });
  },
};

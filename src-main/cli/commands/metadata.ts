import { changeTags, setDescription } from '@core/metadata/metadata';
import { parseTagList, TagError } from '@shared/metadata';
import { type Command, flag, positiveInt, str, strs, UsageError, withLibrary } from '../command';
import { ids } from './integrity';

function tagList(values: Parameters<Command['run']>[2], key: string): string[] {
  try {
    const given = strs(values, key);
    const tags = given.flatMap(parseTagList);
    if (given.length && !tags.length) throw new UsageError(`--${key}: ${given.map((g) => JSON.stringify(g)).join(', ')} holds no tag (a tag cannot be empty)`);
    return tags;
  } catch (err) {
    if (err instanceof TagError) throw new UsageError(`--${key}: ${err.message}`);
    throw err;
  }
}

export const describeCommand: Command = {
  name: 'describe',
  usage: 'reclib describe <id> --text "..." | --clear',
  summary: "set (or with --clear remove) a recording's description; the Recordings search box and `reclib search` find its words",
  options: { text: { type: 'string' }, clear: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('describe takes exactly one recording id');
    const id = positiveInt(positionals[0], 'recording id');
    const text = str(values, 'text');
    if ((text === undefined) === !flag(values, 'clear')) throw new UsageError('describe takes exactly one of --text "..." or --clear');
    return withLibrary(ctx, { writer: 'reclib describe' }, (lib) => {
      const m = setDescription(lib, id, text ?? null);
      return { json: m, text: m.description === null ? `#${id}: no description` : `#${id}: ${m.description}` };
    });
  },
};

export const tagCommand: Command = {
  name: 'tag',
  usage: 'reclib tag <id...> [--add a,b] [--remove c]',
  summary: 'add and remove tags on recordings (comma-separated; case does not make a new tag)',
  options: { add: { type: 'string', multiple: true }, remove: { type: 'string', multiple: true } },
  async run(ctx, positionals, values) {
    const list = ids(positionals, 'tag');
    const add = tagList(values, 'add');
    const remove = tagList(values, 'remove');
    if (!add.length && !remove.length) throw new UsageError('tag needs --add a,b or --remove c');
    return withLibrary(ctx, { writer: 'reclib tag' }, (lib) => {
      const r = changeTags(lib, list, { add, remove });
      const text = [
        ...r.updated.map((u) => `#${u.id}: ${u.tags.length ? u.tags.join(', ') : 'no tags'}`),
        ...r.skipped.map((s) => `#${s.id} not changed: ${s.reason}`),
      ].join('\n');
      return { json: r, text, exitCode: r.skipped.length ? 1 : 0 };
    });
  },
};

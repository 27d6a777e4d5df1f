// A child process that performs one durable move, so a test can SIGKILL it at an injected point.
import { durableMove } from '../../src-main/core/storage/fsops';

const [src, dest] = process.argv.slice(2);
if (!src || !dest) throw new Error('usage: move-child <src> <dest>');
const result = await durableMove(src, dest);
process.stdout.write(JSON.stringify(result));

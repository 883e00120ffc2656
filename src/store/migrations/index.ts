// The static migration list (no directory scanning: works from any cwd, in a
// bundle, and the order is explicit). Append only: add `'0002-…': m0002`, never
// edit or remove an entry that has landed.
import type { Migration } from 'kysely';
import * as m0001 from './0001-initial.ts';
import * as m0002 from './0002-link-held-hashes.ts';
import * as m0003 from './0003-history-at.ts';
import * as m0004 from './0004-scratch.ts';

export const migrations: Readonly<Record<string, Migration>> = {
  '0001-initial': m0001,
  '0002-link-held-hashes': m0002,
  '0003-history-at': m0003,
  '0004-scratch': m0004,
};

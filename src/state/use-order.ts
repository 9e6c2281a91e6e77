/** An entry of a {@link UseOrder}: the entries used just before (`older`) and just after (`newer`) it. */
export interface UseOrderEntry<T> {
  older: T | undefined;
  newer: T | undefined;
}

/**
 * The links an entry of a {@link UseOrder} carries, for a class to extend (`class Entry extends
 * UseOrderLinks<Entry>`); both start unlinked.
 */
export abstract class UseOrderLinks<T> implements UseOrderEntry<T> {
  older: T | undefined = undefined;
  newer: T | undefined = undefined;
}

/**
 * Entries in order of last use, linked through their own `older` / `newer` fields: the oldest is the
 * first to forget. The in-memory session store and the unanswered log's last turns keep their
 * entries in a Map by key and their order here.
 *
 * Why not the Map's own insertion order, kept by a delete and a re-insert on every use: a Map that
 * lives as long as the process keeps its tables in the old generation, and every table it outgrew
 * from that churn (a few a second under load) was allocated there and freed only by the long full
 * collections (measured under bench/chat-load.mjs, README "Issue 13, tenth session — http11").
 */
export class UseOrder<T extends UseOrderEntry<T>> {
  oldest: T | undefined = undefined;
  newest: T | undefined = undefined;

  /** Puts an entry not in the list at its newest end. */
  push(entry: T): void {
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }

  /** Takes an entry out of the list. */
  unlink(entry: T): void {
    if (entry.newer) entry.newer.older = entry.older;
    else this.newest = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    entry.older = undefined;
    entry.newer = undefined;
  }

  /** Moves an entry of the list to its newest end (just used). */
  touch(entry: T): void {
    if (entry === this.newest) return;
    this.unlink(entry);
    this.push(entry);
  }

  /** Forgets every entry. */
  clear(): void {
    this.oldest = undefined;
    this.newest = undefined;
  }
}

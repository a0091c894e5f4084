import type { QueueEntry } from './queue-entry';

/** A canonical question with every question grouped under it: one line of the queue. */
export interface QueueGroup {
  head: QueueEntry;
  /** The head first, then the others in the order they were asked. */
  members: QueueEntry[];
  /** The earliest due date among the members still waiting (the head's when none waits). */
  dueAt: number;
}

function askedFirst(a: QueueEntry, b: QueueEntry): number {
  return a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The head first, then the others in the order they were asked; and the group's due date. */
function settle(group: QueueGroup): void {
  const { head } = group;
  group.members = [...new Set(group.members)].sort((a, b) =>
    a === head ? -1 : b === head ? 1 : askedFirst(a, b),
  );
  group.dueAt = groupDueAt(group.members, head);
}

function groupDueAt(members: QueueEntry[], head: QueueEntry): number {
  let due = Number.POSITIVE_INFINITY;
  for (const member of members) if (member.open && member.dueAt < due) due = member.dueAt;
  return Number.isFinite(due) ? due : head.dueAt;
}

/**
 * The groups of the questions in memory, as the live panel reads them (models/space-questions.ts):
 * a question with no `groupId` leads a group; the others follow their `groupId` links to the
 * end. Two merges racing can leave a chain (A → B → C), which ends at its last question, or a
 * cycle (A → B → A), which is led by its earliest question; a question whose canonical one is
 * not known stands on its own. Every question is in exactly one group.
 *
 * Changes are applied in place: a new question, a field of a question, a question moving between
 * groups (which touches only its former group and the one it joins). Loading the questions, or
 * a question arriving that others already point to, rebuilds the groups on the next read
 * (linear in the questions).
 */
export class QueueGroups {
  private readonly headOf = new Map<string, string>();
  private readonly groups = new Map<string, QueueGroup>();
  /** Ids some question points to that are not in memory: their arrival regroups. */
  private readonly missingTargets = new Set<string>();
  private dirty = true;

  constructor(private readonly entries: ReadonlyMap<string, QueueEntry>) {}

  rebuild(): void {
    this.dirty = true;
  }

  all(): IterableIterator<QueueGroup> {
    this.ensure();
    return this.groups.values();
  }

  get count(): number {
    this.ensure();
    return this.groups.size;
  }

  /** The group a question belongs to. */
  of(id: string): QueueGroup | undefined {
    this.ensure();
    const head = this.headOf.get(id);
    return head === undefined ? undefined : this.groups.get(head);
  }

  changed(before: QueueEntry | undefined, after: QueueEntry): void {
    if (this.dirty) return;
    if (before && before.groupId === after.groupId) {
      this.replaceMember(after);
      return;
    }
    if (!before && !this.missingTargets.has(after.id)) {
      if (after.groupId === null) {
        this.headOf.set(after.id, after.id);
        this.groups.set(after.id, { head: after, members: [after], dueAt: after.dueAt });
        return;
      }
      const head = this.headOf.get(after.groupId);
      const group = head === undefined ? undefined : this.groups.get(head);
      if (group) {
        this.headOf.set(after.id, group.head.id);
        group.members.push(after);
        settle(group);
        return;
      }
    }
    if (before) {
      this.regroup(after);
      return;
    }
    this.dirty = true;
  }

  /**
   * A question moved to another group (or out of one). Only the questions of its former group
   * can change heads: any path through it started in that group. They are resolved again and
   * join the group each now leads to; the rest of the queue stays as it is.
   */
  private regroup(moved: QueueEntry): void {
    const formerHead = this.headOf.get(moved.id);
    const former = formerHead === undefined ? undefined : this.groups.get(formerHead);
    if (!former || formerHead === undefined) {
      this.dirty = true;
      return;
    }
    this.groups.delete(formerHead);
    const affected = former.members.map((member) => this.entries.get(member.id) ?? member);
    for (const member of affected) this.headOf.delete(member.id);
    for (const member of affected) this.resolve(member);
    const touched = new Set<QueueGroup>();
    for (const member of affected) {
      const headId = this.headOf.get(member.id) ?? member.id;
      let group = this.groups.get(headId);
      if (!group) {
        const head = this.entries.get(headId) ?? member;
        group = { head, members: [], dueAt: head.dueAt };
        this.groups.set(headId, group);
      }
      group.members.push(member);
      touched.add(group);
    }
    for (const group of touched) settle(group);
  }

  private replaceMember(entry: QueueEntry): void {
    const head = this.headOf.get(entry.id);
    const group = head === undefined ? undefined : this.groups.get(head);
    if (!group) {
      this.dirty = true;
      return;
    }
    group.members = group.members.map((member) => (member.id === entry.id ? entry : member));
    if (group.head.id === entry.id) group.head = entry;
    group.dueAt = groupDueAt(group.members, group.head);
  }

  private ensure(): void {
    if (!this.dirty) return;
    this.headOf.clear();
    this.groups.clear();
    this.missingTargets.clear();
    for (const entry of this.entries.values()) this.resolve(entry);
    const membersOf = new Map<string, QueueEntry[]>();
    for (const entry of this.entries.values()) {
      const head = this.headOf.get(entry.id) ?? entry.id;
      const members = membersOf.get(head);
      if (members) members.push(entry);
      else membersOf.set(head, [entry]);
    }
    for (const [headId, members] of membersOf) {
      const head = this.entries.get(headId);
      if (!head) continue;
      if (members.length > 1)
        members.sort((a, b) => (a === head ? -1 : b === head ? 1 : askedFirst(a, b)));
      this.groups.set(headId, { head, members, dueAt: groupDueAt(members, head) });
    }
    this.dirty = false;
  }

  /** Follows the links from one question and records the head for every question on the way. */
  private resolve(entry: QueueEntry): void {
    // Most questions lead their group or point straight at the question that leads it.
    if (entry.groupId === null) {
      this.headOf.set(entry.id, entry.id);
      return;
    }
    const target = this.entries.get(entry.groupId);
    if (target?.groupId === null) {
      this.headOf.set(entry.id, target.id);
      return;
    }
    const path: QueueEntry[] = [];
    const onPath = new Set<string>();
    let head: string | undefined;
    let current = entry;
    for (;;) {
      const known = this.headOf.get(current.id);
      if (known !== undefined) {
        head = known;
        break;
      }
      if (onPath.has(current.id)) {
        const start = path.indexOf(current);
        head = [...path.slice(start)].sort(askedFirst)[0]?.id;
        break;
      }
      onPath.add(current.id);
      path.push(current);
      if (current.groupId === null) {
        head = current.id;
        break;
      }
      const next = this.entries.get(current.groupId);
      if (!next) {
        this.missingTargets.add(current.groupId);
        head = current.id;
        break;
      }
      current = next;
    }
    for (const step of path) this.headOf.set(step.id, head ?? step.id);
  }
}

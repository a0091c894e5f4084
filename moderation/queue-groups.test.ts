import { Types } from 'mongoose';

import type { QueueRow } from '../models/question-queue';
import { entryOf, type QueueEntry } from './queue-entry';
import { QueueGroups } from './queue-groups';

let clock = Date.parse('2026-11-02T15:00:00Z');

function row(groupId: Types.ObjectId | null = null, overrides: Partial<QueueRow> = {}): QueueRow {
  clock += 60_000;
  return {
    _id: new Types.ObjectId(),
    trackingCode: `ANM-T${clock.toString(36).slice(-7).toUpperCase()}`,
    text: 'pregunta',
    status: 'pending',
    spaceId: null,
    channelId: 'webchat',
    origin: 'chat',
    groupId,
    petitionKind: 'peticion-general',
    receivedAt: new Date(clock),
    dueAt: new Date(clock + 20 * 86_400_000),
    area: null,
    assignee: null,
    version: 1,
    ...overrides,
  };
}

function groupsOf(rows: QueueRow[]) {
  const entries = new Map<string, QueueEntry>(
    rows.map((source) => [source._id.toHexString(), entryOf(source)]),
  );
  return { entries, groups: new QueueGroups(entries) };
}

const membersOf = (groups: QueueGroups) =>
  [...groups.all()].map((group) => group.members.map((member) => member.id));

describe('the groups of the queue in memory', () => {
  it('when two merges raced and left a chain, then the chain is one group led by its last question', () => {
    const head = row();
    const middle = row(head._id);
    const tail = row(middle._id);
    const { groups } = groupsOf([tail, middle, head]);
    expect(membersOf(groups)).toEqual([[head, middle, tail].map((q) => q._id.toHexString())]);
  });

  it('when two merges left a cycle, then it is one group led by its earliest question', () => {
    const first = row();
    const second = row(first._id);
    first.groupId = second._id;
    const { groups } = groupsOf([second, first]);
    expect(membersOf(groups)).toEqual([[first, second].map((q) => q._id.toHexString())]);
  });

  it('when a question points to one not in memory, then it stands on its own, and joins when that one arrives', () => {
    const absent = row();
    const orphan = row(absent._id);
    const { entries, groups } = groupsOf([orphan]);
    expect(membersOf(groups)).toEqual([[orphan._id.toHexString()]]);
    const arrived = entryOf(absent);
    entries.set(arrived.id, arrived);
    groups.changed(undefined, arrived);
    expect(membersOf(groups)).toEqual([[absent, orphan].map((q) => q._id.toHexString())]);
  });

  it('when a member stops waiting, then the group is due when the earliest of those still waiting is', () => {
    const head = row(null, { dueAt: new Date('2026-12-20T05:00:00Z') });
    const early = row(head._id, { dueAt: new Date('2026-12-10T05:00:00Z') });
    const { entries, groups } = groupsOf([head, early]);
    expect([...groups.all()][0]?.dueAt).toBe(early.dueAt.getTime());
    const before = entries.get(early._id.toHexString());
    const withdrawn = entryOf({ ...early, status: 'withdrawn', version: 2 });
    entries.set(withdrawn.id, withdrawn);
    groups.changed(before, withdrawn);
    expect([...groups.all()][0]?.dueAt).toBe(head.dueAt.getTime());
  });

  it('when a canonical question with others under it joins another group, then all of them move, and the rest of the queue is untouched', () => {
    const target = row();
    const head = row();
    const member = row(head._id);
    const alone = row();
    const { entries, groups } = groupsOf([target, head, member, alone]);
    expect(groups.count).toBe(3);
    const before = entries.get(head._id.toHexString());
    const moved = entryOf({ ...head, groupId: target._id, version: 2 });
    entries.set(moved.id, moved);
    groups.changed(before, moved);
    expect(membersOf(groups).sort()).toEqual(
      [[target, head, member].map((q) => q._id.toHexString()), [alone._id.toHexString()]].sort(),
    );
    expect(groups.of(member._id.toHexString())?.head.id).toBe(target._id.toHexString());
  });

  it('when a member leaves its group, then it leads a group of its own and the others stay', () => {
    const head = row();
    const leaving = row(head._id);
    const staying = row(head._id);
    const { entries, groups } = groupsOf([head, leaving, staying]);
    const before = entries.get(leaving._id.toHexString());
    const alone = entryOf({ ...leaving, groupId: null, version: 2 });
    entries.set(alone.id, alone);
    groups.changed(before, alone);
    expect(groups.of(staying._id.toHexString())?.members.map((m) => m.id)).toEqual(
      [head, staying].map((q) => q._id.toHexString()),
    );
    expect(groups.of(leaving._id.toHexString())?.members.map((m) => m.id)).toEqual([alone.id]);
  });
});

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  closeSpace,
  createSpace,
  findSpace,
  openSpace,
  openSpaceForResource,
  ResourceAlreadyBoundError,
  spaceOfResource,
} from './space';
import {
  bindResources,
  ChannelAlreadySetError,
  SpaceClosedError,
  updateSpaceDetails,
  type SpaceDetailsEdit,
} from './space-editing';

describe('staff completing accountability spaces on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const meetingDefaults = {
    type: 'audiencia-publica',
    title: 'Reunión de Teams',
    origin: 'teams-meeting',
  } as const;

  const details: SpaceDetailsEdit = {
    type: 'audiencia-terceros',
    title: 'Audiencia de participación de terceros — Rivera',
    responsibleArea: 'Grupo de Participación Ciudadana',
    municipality: 'Rivera',
    department: 'Huila',
    scheduledAt: new Date('2026-12-03T14:00:00Z'),
  };

  it('when staff complete a space the bot opened, then its details are set, it no longer needs completion, and it stays open since the same time', async () => {
    const opened = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-complete' },
      meetingDefaults,
    );
    expect(opened.needsCompletion).toBe(true);
    const completed = await updateSpaceDetails(database.models, opened._id, details);
    expect(completed).toMatchObject({
      ...details,
      needsCompletion: false,
      petitionKind: 'peticion-general',
      state: 'open',
      openedAt: opened.openedAt,
      closedAt: null,
      bindings: { teamsMeetingId: 'meeting-complete' },
    });
    const consultation = await updateSpaceDetails(database.models, opened._id, {
      ...details,
      petitionKind: 'consulta',
    });
    expect(consultation?.petitionKind).toBe('consulta');
    expect((await updateSpaceDetails(database.models, opened._id, details))?.petitionKind).toBe(
      'consulta',
    );
  });

  it('when staff bind a Facebook live video to the space of a Teams meeting, then both lead to that one space', async () => {
    const space = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-with-video' },
      meetingDefaults,
    );
    const video = { kind: 'facebook-live-video', id: 'video-with-meeting' } as const;
    const bound = await bindResources(database.models, space._id, [
      { kind: 'teams-meeting', id: 'meeting-with-video' },
      video,
    ]);
    expect(bound?.bindings).toEqual({
      teamsMeetingId: 'meeting-with-video',
      facebookLiveVideoId: 'video-with-meeting',
      facebookPostId: null,
    });
    expect((await spaceOfResource(database.models, video))?._id).toEqual(space._id);
    expect((await bindResources(database.models, space._id, [video]))?.bindings).toEqual(
      bound?.bindings,
    );
  });

  it('when one of the channels belongs to another space, then none is bound and the space is unchanged', async () => {
    await createSpace(database.models, {
      type: 'redes-sociales',
      title: 'Dueña del video',
      resources: [{ kind: 'facebook-live-video', id: 'video-owned' }],
    });
    const space = await createSpace(database.models, { type: 'redes-sociales', title: 'Otra' });
    await expect(
      bindResources(database.models, space._id, [
        { kind: 'facebook-post', id: 'post-free' },
        { kind: 'facebook-live-video', id: 'video-owned' },
      ]),
    ).rejects.toEqual(
      new ResourceAlreadyBoundError({ kind: 'facebook-live-video', id: 'video-owned' }),
    );
    expect(
      await spaceOfResource(database.models, { kind: 'facebook-post', id: 'post-free' }),
    ).toBeNull();
    expect(await findSpace(database.models, space._id)).toEqual(space);
  });

  it('when a space already listens to a Teams meeting, then another meeting is refused', async () => {
    const space = await createSpace(database.models, {
      type: 'audiencia-publica',
      title: 'Con reunión',
      resources: [{ kind: 'teams-meeting', id: 'meeting-first' }],
    });
    await expect(
      bindResources(database.models, space._id, [{ kind: 'teams-meeting', id: 'meeting-other' }]),
    ).rejects.toBeInstanceOf(ChannelAlreadySetError);
    expect(
      await spaceOfResource(database.models, { kind: 'teams-meeting', id: 'meeting-other' }),
    ).toBeNull();
  });

  it('when a space is closed, then staff can still complete its details but bind no new channel', async () => {
    const space = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-closed' },
      meetingDefaults,
    );
    const closed = await closeSpace(database.models, space._id);
    const completed = await updateSpaceDetails(database.models, space._id, details);
    expect(completed).toMatchObject({
      title: details.title,
      needsCompletion: false,
      state: 'closed',
      closedAt: closed?.space.closedAt,
    });
    await expect(
      bindResources(database.models, space._id, [
        { kind: 'facebook-live-video', id: 'video-too-late' },
      ]),
    ).rejects.toBeInstanceOf(SpaceClosedError);
    expect(
      await bindResources(database.models, space._id, [
        { kind: 'teams-meeting', id: 'meeting-closed' },
      ]),
    ).toMatchObject({ state: 'closed' });
  });

  it('when staff record how many took part, then a closed space keeps the count through edits that leave it out and through the meeting ending again, and null clears it', async () => {
    const space = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-participants' },
      meetingDefaults,
    );
    await closeSpace(database.models, space._id);
    expect((await findSpace(database.models, space._id))?.participants).toBeNull();
    const counted = await updateSpaceDetails(database.models, space._id, {
      ...details,
      participants: 240,
    });
    expect(counted).toMatchObject({ state: 'closed', participants: 240 });
    const retitled = await updateSpaceDetails(database.models, space._id, {
      ...details,
      title: 'Audiencia de terceros en Rivera',
    });
    expect(retitled).toMatchObject({ title: 'Audiencia de terceros en Rivera', participants: 240 });
    // The end of the meeting arriving again rewrites the space: the saved count is put back.
    await closeSpace(database.models, space._id);
    await database.models.spaces.updateOne({ _id: space._id }, { $set: { participants: 7 } });
    await updateSpaceDetails(database.models, space._id, { ...details, title: 'Otra vez' });
    expect((await findSpace(database.models, space._id))?.participants).toBe(240);
    const cleared = await updateSpaceDetails(database.models, space._id, {
      ...details,
      participants: null,
    });
    expect(cleared?.participants).toBeNull();
  });

  it('when staff save details and bind a channel while the meeting starts, then the space ends open at the time of its start, with both channels and the details', async () => {
    for (let round = 0; round < 10; round++) {
      const meeting = { kind: 'teams-meeting', id: `meeting-race-${round}` } as const;
      const video = { kind: 'facebook-live-video', id: `video-race-${round}` } as const;
      const space = await createSpace(database.models, {
        type: 'audiencia-publica',
        title: 'Carrera',
        resources: [meeting],
      });
      const startedAt = new Date();
      await Promise.all([
        updateSpaceDetails(database.models, space._id, details),
        bindResources(database.models, space._id, [video]),
        openSpace(database.models, space._id, startedAt),
        updateSpaceDetails(database.models, space._id, details),
      ]);
      expect(await findSpace(database.models, space._id)).toMatchObject({
        title: details.title,
        state: 'open',
        openedAt: startedAt,
        bindings: { teamsMeetingId: meeting.id, facebookLiveVideoId: video.id },
      });
    }
  });

  it('when two staff members save different details at once, then the space shows one of the two versions whole', async () => {
    for (let round = 0; round < 10; round++) {
      const space = await openSpaceForResource(
        database.models,
        { kind: 'teams-meeting', id: `meeting-two-staff-${round}` },
        meetingDefaults,
      );
      const rivera = { ...details, title: 'Versión Rivera', municipality: 'Rivera' };
      const neiva = { ...details, title: 'Versión Neiva', municipality: 'Neiva' };
      await Promise.all([
        updateSpaceDetails(database.models, space._id, rivera),
        updateSpaceDetails(database.models, space._id, neiva),
      ]);
      const stored = await findSpace(database.models, space._id);
      expect([
        ['Versión Rivera', 'Rivera'],
        ['Versión Neiva', 'Neiva'],
      ]).toContainEqual([stored?.title, stored?.municipality]);
      expect(stored).toMatchObject({ state: 'open', needsCompletion: false });
    }
  });

  it('when the space does not exist, then nothing is written and null says so', async () => {
    const space = await createSpace(database.models, { type: 'redes-sociales', title: 'Borrada' });
    await database.models.spaces.deleteOne({ _id: space._id });
    expect(await updateSpaceDetails(database.models, space._id, details)).toBeNull();
    expect(
      await bindResources(database.models, space._id, [{ kind: 'facebook-post', id: '1_2' }]),
    ).toBeNull();
    expect(await database.models.spaces.countDocuments({ _id: space._id })).toBe(0);
  });
});

import { openTestDatabase, type TestDatabase } from '../test/support/test-database';
import {
  closeSpace,
  createSpace,
  openSpaceForResource,
  openSpaces,
  ResourceAlreadyBoundError,
  spaceOfResource,
} from './space';

describe('accountability spaces on FerretDB', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const live = { type: 'redes-sociales', title: 'Facebook Live', origin: 'facebook-live' } as const;

  it('when eight events of the same live video race, then exactly one space is created and opened', async () => {
    const resource = { kind: 'facebook-live-video', id: 'video-race' } as const;
    const spaces = await Promise.all(
      Array.from({ length: 8 }, () => openSpaceForResource(database.models, resource, live)),
    );
    const ids = new Set(spaces.map((space) => space._id.toHexString()));
    expect(ids.size).toBe(1);
    expect(
      await database.models.spaces.countDocuments({ 'bindings.facebookLiveVideoId': 'video-race' }),
    ).toBe(1);
    expect((await spaceOfResource(database.models, resource))?.state).toBe('open');
  });

  it('when staff schedule a space, then it waits until its meeting starts', async () => {
    const space = await createSpace(database.models, {
      type: 'audiencia-terceros',
      title: 'Audiencia de participación de terceros — Rivera',
      municipality: 'Rivera',
      department: 'Huila',
      resources: [{ kind: 'teams-meeting', id: 'meeting-scheduled' }],
    });
    expect(space).toMatchObject({
      state: 'scheduled',
      openedAt: null,
      petitionKind: 'peticion-general',
    });
    expect((await openSpaces(database.models)).some((open) => open._id.equals(space._id))).toBe(
      false,
    );
    const opened = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-scheduled' },
      { type: 'audiencia-publica', title: 'otro', origin: 'teams-meeting' },
    );
    expect(opened).toMatchObject({ _id: space._id, state: 'open', title: space.title });
  });

  it('when a resource already belongs to a space, then a second space cannot take it and nothing of it is left', async () => {
    await createSpace(database.models, {
      type: 'redes-sociales',
      title: 'Primera',
      resources: [{ kind: 'facebook-post', id: 'post-taken' }],
    });
    await expect(
      createSpace(database.models, {
        type: 'redes-sociales',
        title: 'Segunda',
        resources: [
          { kind: 'facebook-live-video', id: 'video-free' },
          { kind: 'facebook-post', id: 'post-taken' },
        ],
      }),
    ).rejects.toBeInstanceOf(ResourceAlreadyBoundError);
    expect(await database.models.spaces.countDocuments({ title: 'Segunda' })).toBe(0);
    expect(
      await spaceOfResource(database.models, { kind: 'facebook-live-video', id: 'video-free' }),
    ).toBeNull();
  });

  it('when a space is closed several times at once, then exactly one caller closes it', async () => {
    const space = await openSpaceForResource(
      database.models,
      { kind: 'teams-meeting', id: 'meeting-close' },
      { type: 'audiencia-publica', title: 'Cierre', origin: 'teams-meeting' },
    );
    const results = await Promise.all(
      Array.from({ length: 5 }, () => closeSpace(database.models, space._id)),
    );
    expect(results.filter((result) => result?.closedNow)).toHaveLength(1);
    expect(results.every((result) => result?.space.state === 'closed')).toBe(true);
  });
});

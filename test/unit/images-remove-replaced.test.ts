import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { removeReplaced } from '../../harness/engine/images/inspect.ts';

/** An engine whose tag `t` names image `now`, recording which images it was asked to remove. */
function engine(now: string | undefined, refuse = false) {
  const removed: string[] = [];
  const docker = {
    getImage: (ref: string) => ({
      inspect: async () => {
        if (ref === 't' && now) return { Id: now };
        throw Object.assign(new Error('no such image'), { statusCode: 404 });
      },
      remove: async () => {
        if (refuse) throw Object.assign(new Error('conflict: image has dependent child images'), { statusCode: 409 });
        removed.push(ref);
      },
    }),
  } as unknown as Docker;
  return { docker, removed };
}

describe('removeReplaced', () => {
  it('removes the image a rebuild moved the tag off, and only that one', async () => {
    const moved = engine('sha256:new');
    await removeReplaced(moved.docker, { Id: 'sha256:old' } as Docker.ImageInspectInfo, 't');
    expect(moved.removed).toEqual(['sha256:old']);
    // A rebuild that came out the same (the build cache): the tag still names it, it stays.
    const same = engine('sha256:old');
    await removeReplaced(same.docker, { Id: 'sha256:old' } as Docker.ImageInspectInfo, 't');
    expect(same.removed).toEqual([]);
    // Nothing was there before.
    const fresh = engine('sha256:new');
    await removeReplaced(fresh.docker, undefined, 't');
    expect(fresh.removed).toEqual([]);
  });
  it('leaves one the engine refuses to remove (a child image or a container uses it), without failing the build', async () => {
    const busy = engine('sha256:new', true);
    await expect(removeReplaced(busy.docker, { Id: 'sha256:old' } as Docker.ImageInspectInfo, 't')).resolves.toBeUndefined();
  });
});

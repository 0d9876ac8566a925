import type Docker from 'dockerode';

/** The image label that records the content hash of everything an image was built from. */
export const INPUTS_LABEL = 'ecs-sim.inputs';

export async function findImage(docker: Docker, tag: string): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(tag).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * Removes the image a rebuild replaced, once the tag has moved off it: without this every change
 * to the harness left the old instance image behind, dangling (about 500 MB each). One that a
 * container still uses, or that another tag names, stays (the engine refuses; no force).
 */
export async function removeReplaced(docker: Docker, old: Docker.ImageInspectInfo | undefined, tag: string): Promise<void> {
  if (!old) return;
  const now = await findImage(docker, tag);
  if (now?.Id === old.Id) return;
  await docker.getImage(old.Id).remove().catch(() => {});
}

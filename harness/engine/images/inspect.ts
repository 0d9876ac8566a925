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

import type Docker from 'dockerode';

/** Removes a container and its anonymous volumes, tolerating "already gone". */
export const removeIfExists = (docker: Docker, name: string): Promise<void> => ignore404(docker.getContainer(name).remove({ force: true, v: true }));

/** Removal that tolerates "already gone" (a destroy() before the run's teardown, or a gc). */
export async function ignore404(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
}

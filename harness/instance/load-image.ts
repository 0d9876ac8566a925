import type Docker from 'dockerode';
import { EcsSimError, withTimeout } from '../errors.ts';
import { findImage, INPUTS_LABEL } from '../engine/images/inspect.ts';

/**
 * Copies an image from the outer engine into a nested one (docker save | docker load), unless the
 * nested engine already has it with the same inputs label: the instance's disk keeps images
 * across reboots, so this happens once per instance volume (DESIGN.md: 2 MB take 0.3 s).
 */
export async function loadImageIntoNested(outer: Docker, nested: Docker, tag: string): Promise<'loaded' | 'present'> {
  const outerImage = await findImage(outer, tag);
  const nestedImage = await findImage(nested, tag);
  if (nestedImage && (!outerImage || nestedImage.Config?.Labels?.[INPUTS_LABEL] === outerImage.Config?.Labels?.[INPUTS_LABEL])) return 'present';
  if (!outerImage) {
    throw new EcsSimError('IMAGE_UNAVAILABLE', `image "${tag}" is in neither the instance's engine nor the host's, and nothing can be pulled`, {
      kind: 'input',
      fix: `build or load "${tag}" on the host engine (docker build / docker load), or use the built-in ecs-sim/probe:latest`,
    });
  }
  await withTimeout(`loading image ${tag} into the nested engine`, 120_000, async () => {
    const tar = await outer.getImage(tag).get();
    const out = await nested.loadImage(tar as NodeJS.ReadableStream);
    await new Promise<void>((resolve, reject) => nested.modem.followProgress(out, (e: unknown) => (e ? reject(e) : resolve())));
  });
  return 'loaded';
}

import type Docker from 'dockerode';
import { withTimeout } from '../errors.ts';
import { findImage, INPUTS_LABEL } from '../engine/images/inspect.ts';

/**
 * Copies an image from the outer engine into a nested one (docker save | docker load), unless the
 * nested engine already has it with the same inputs label: the instance's disk keeps images
 * across reboots, so this happens once per instance volume (DESIGN.md: 2 MB take 0.3 s).
 */
export async function loadImageIntoNested(outer: Docker, nested: Docker, tag: string): Promise<'loaded' | 'present'> {
  const want = (await findImage(outer, tag))?.Config?.Labels?.[INPUTS_LABEL];
  const have = (await findImage(nested, tag))?.Config?.Labels?.[INPUTS_LABEL];
  if (have !== undefined && have === want) return 'present';
  await withTimeout(`loading image ${tag} into the nested engine`, 120_000, async () => {
    const tar = await outer.getImage(tag).get();
    const out = await nested.loadImage(tar as NodeJS.ReadableStream);
    await new Promise<void>((resolve, reject) => nested.modem.followProgress(out, (e: unknown) => (e ? reject(e) : resolve())));
  });
  return 'loaded';
}

import type { FsView } from '../route.ts';

/**
 * The task's mounts as it sees them (/proc/self/mountinfo, proc(5)): mount point and the path
 * within the mounted file system, for a bind mount the instance path it came from. The system
 * mounts every container has (/, /proc, /sys, /dev, the resolv.conf-style files) are left out.
 */
export interface Mount {
  mountPoint: string;
  /** Field 4 of mountinfo: the mount's root within its file system. */
  root: string;
  /** The file system type (after the " - " separator), e.g. ext4, overlay, proc. */
  fsType: string;
}

/**
 * Kernel file systems, which hold no agent state and where a read can block (/proc/kmsg) or never
 * end: a bind of the instance's "/" brings them along (Docker binds are recursive), and the walk
 * steps over them.
 */
export const PSEUDO_FS = new Set(['proc', 'sysfs', 'devtmpfs', 'devpts', 'cgroup', 'cgroup2', 'debugfs', 'tracefs', 'securityfs', 'pstore', 'bpf', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'binfmt_misc', 'autofs', 'nsfs']);

const SYSTEM = /^\/(proc|sys|dev)(\/|$)|^\/etc\/(resolv\.conf|hostname|hosts)$/;

export async function taskMounts(fs: FsView): Promise<Mount[]> {
  const text = (await fs.readFile('/proc/self/mountinfo', 1 << 20)).toString();
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length < 5) continue;
    const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
    const mountPoint = unescape(f[4]!);
    if (mountPoint === '/' || SYSTEM.test(mountPoint)) continue;
    const sep = f.indexOf('-', 6);
    mounts.push({ mountPoint, root: unescape(f[3]!), fsType: sep === -1 ? '' : (f[sep + 1] ?? '') });
  }
  return mounts;
}

/**
 * The TCP sockets a process tree listens on, read from Linux's /proc: which address each is bound to. Used to
 * check that every local stand-in listens on 127.0.0.1 only (a JVM's sockets cannot be asked from Node).
 */
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface Listener {
  pid: number;
  /** `127.0.0.1`, `0.0.0.0`, `::`, `::ffff:127.0.0.1`, … */
  address: string;
  port: number;
}

/** Whether this machine has the /proc files these helpers read. */
export const canListListeners = (): boolean => existsSync('/proc/net/tcp') && existsSync('/proc/self/fd');

/** /proc prints each 32-bit word of an address in host byte order (little-endian here). */
const wordToBytes = (hex: string): number[] => {
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
};

const decodeAddress = (hex: string): string => {
  if (hex.length === 8) return wordToBytes(hex).join('.');
  const bytes = [0, 8, 16, 24].flatMap((at) => wordToBytes(hex.slice(at, at + 8)));
  const isMapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isMapped) return `::ffff:${bytes.slice(12).join('.')}`;
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  return groups.join(':');
};

/** Listening sockets by inode, from /proc/net/tcp and tcp6. */
const listeningByInode = (): Map<string, { address: string; port: number }> => {
  const out = new Map<string, { address: string; port: number }>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue; // 0A = LISTEN
      const [address = '', port = '0'] = (cols[1] as string).split(':');
      out.set(cols[9] as string, { address: decodeAddress(address), port: Number.parseInt(port, 16) });
    }
  }
  return out;
};

/** `pid` and every process below it. */
const processTree = (pid: number): number[] => {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (in parentheses) may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i] as number) ?? []));
  return tree;
};

/** Every TCP socket that `pid` or a process below it listens on. */
export const listenersOf = (pid: number): Listener[] => {
  const listening = listeningByInode();
  const out: Listener[] = [];
  for (const p of processTree(pid)) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${p}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target = '';
      try {
        target = readlinkSync(`/proc/${p}/fd/${fd}`);
      } catch {
        continue;
      }
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      const socket = inode ? listening.get(inode) : undefined;
      if (socket) out.push({ pid: p, ...socket });
    }
  }
  return out;
};

/** Whether an address is the loopback interface only. */
export const isLoopback = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');

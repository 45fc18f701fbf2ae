// A minimal fake Discord gateway (WebSocket over node:http, JSON encoding, no compression): HELLO,
// IDENTIFY → READY, heartbeats, and dispatching raw events such as INTERACTION_CREATE or
// MESSAGE_CREATE to every identified session (several replicas log in with one token).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { APP_ID, BOT_TOKEN } from './fake-discord.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class FakeGateway {
  private server!: Server;
  private readonly sockets = new Set<Socket>();
  private readonly sequences = new Map<Socket, number>();
  readonly received: any[] = [];
  url = '';
  private identified: Array<{ count: number; resolve: () => void }> = [];
  private readonly sessions: Socket[] = [];

  async start(): Promise<this> {
    this.server = createServer((_req, res) => res.writeHead(426).end());
    this.server.on('upgrade', (req, socket: Socket) => {
      const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64');
      socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
      this.sockets.add(socket);
      const gone = () => {
        this.sockets.delete(socket);
        if (this.sessions.includes(socket)) this.sessions.splice(this.sessions.indexOf(socket), 1);
      };
      socket.on('close', gone);
      socket.on('error', gone);
      let buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        for (;;) {
          const frame = readFrame(buffer);
          if (!frame) break;
          buffer = buffer.subarray(frame.length);
          if (frame.opcode === 8) {
            socket.end(encodeFrame(Buffer.alloc(0), 8));
            return;
          }
          if (frame.opcode === 1) this.onMessage(socket, JSON.parse(frame.payload.toString('utf8')));
        }
      });
      this.send(socket, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Resolves once `count` clients identified with the right token and got READY. */
  whenIdentified(count = 1): Promise<void> {
    if (this.sessions.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.identified.push({ count, resolve }));
  }

  /** Sends an event to every identified session, as Discord does for sessions of one shard. */
  dispatch(type: string, data: unknown): void {
    if (this.sessions.length === 0) throw new Error('no identified session');
    for (const session of this.sessions) this.send(session, { op: 0, t: type, s: this.nextSequence(session), d: data });
  }

  private nextSequence(socket: Socket): number {
    const next = (this.sequences.get(socket) ?? 0) + 1;
    this.sequences.set(socket, next);
    return next;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onMessage(socket: Socket, packet: any): void {
    this.received.push(packet);
    if (packet.op === 1) this.send(socket, { op: 11, d: null, s: null, t: null });
    if (packet.op === 2) {
      if (packet.d.token !== BOT_TOKEN) {
        socket.end(encodeFrame(Buffer.concat([Buffer.from([0x0f, 0xa4]), Buffer.from('Authentication failed.')]), 8));
        return;
      }
      this.sessions.push(socket);
      this.send(socket, {
        op: 0,
        t: 'READY',
        s: this.nextSequence(socket),
        d: {
          v: 10,
          user: { id: APP_ID, username: 'liso-bot', discriminator: '0000', global_name: null, avatar: null, bot: true, verified: true, flags: 0 },
          guilds: [],
          session_id: 'fake-session',
          resume_gateway_url: this.url,
          shard: [0, 1],
          application: { id: APP_ID, flags: 0 },
          private_channels: [],
          relationships: [],
          presences: [],
          guild_join_requests: [],
          user_settings: {},
        },
      });
      for (const waiter of this.identified.filter((w) => this.sessions.length >= w.count)) {
        this.identified.splice(this.identified.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }

  private send(socket: Socket, packet: unknown): void {
    socket.write(encodeFrame(Buffer.from(JSON.stringify(packet), 'utf8'), 1));
  }
}

function encodeFrame(payload: Buffer, opcode: number): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** One client frame (always masked), or undefined while incomplete. Fragmentation is not used by the client. */
function readFrame(buffer: Buffer): { opcode: number; payload: Buffer; length: number } | undefined {
  if (buffer.length < 2) return undefined;
  const opcode = buffer[0]! & 0x0f;
  const masked = (buffer[1]! & 0x80) !== 0;
  let length = buffer[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLength = masked ? 4 : 0;
  if (buffer.length < offset + maskLength + length) return undefined;
  const mask = buffer.subarray(offset, offset + maskLength);
  const payload = Buffer.from(buffer.subarray(offset + maskLength, offset + maskLength + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, length: offset + maskLength + length };
}

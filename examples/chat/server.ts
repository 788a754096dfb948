import { createServer, type AddressInfo, type Server } from 'node:net';
import { ActorSystem, type Logger } from '@troupe/core';
import { MAX_LINE_BYTES } from './lines';
import { Room } from './room';
import { Session } from './session';

export interface ChatServer {
  readonly port: number;
  readonly system: ActorSystem;
  close(): Promise<void>;
}

export interface ChatOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Lines a session may fall behind the room before it is told it missed some. Default 64. */
  roomCapacity?: number;
  /**
   * The longest line a client may send, in bytes; default {@link MAX_LINE_BYTES} (64 KB). A client
   * that sends more without a newline is told so and disconnected.
   */
  maxLineBytes?: number;
  logger?: Logger;
}

/** Starts the chat server on 127.0.0.1: one `Room` actor, one `Session` actor per connection. */
export async function startChat(options: ChatOptions = {}): Promise<ChatServer> {
  const system = new ActorSystem({ name: 'chat', logger: options.logger });
  const room = system.spawn(Room, { args: [options.roomCapacity ?? 64], name: 'room' });
  const maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
  const server: Server = createServer((socket) => {
    system.spawn(Session, { args: [socket, room, maxLineBytes] });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    system,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        void system.shutdown(); // sessions destroy their sockets as they stop
      });
      await system.shutdown();
    },
  };
}

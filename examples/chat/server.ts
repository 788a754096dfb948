import { createServer, type AddressInfo, type Server } from 'node:net';
import { ActorSystem, type Logger } from '@troupe/core';
import { Room } from './room';
import { Session } from './session';

export interface ChatServer {
  readonly port: number;
  readonly system: ActorSystem;
  close(): Promise<void>;
}

/** Starts the chat server on 127.0.0.1: one `Room` actor, one `Session` actor per connection. */
export async function startChat(options: { port?: number; roomCapacity?: number; logger?: Logger } = {}): Promise<ChatServer> {
  const system = new ActorSystem({ name: 'chat', logger: options.logger });
  const room = system.spawn(Room, { args: [options.roomCapacity ?? 64], name: 'room' });
  const server: Server = createServer((socket) => {
    system.spawn(Session, { args: [socket, room] });
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

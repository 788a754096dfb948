import 'reflect-metadata';
import { startChat } from './server';

/** Runs the chat server until Ctrl-C. Try it with `nc 127.0.0.1 7777`, then `/nick you`. */
async function run(): Promise<void> {
  const chat = await startChat({ port: Number(process.env.PORT ?? 7777) });
  console.log(`chat listening on 127.0.0.1:${chat.port}; connect with: nc 127.0.0.1 ${chat.port}`);
  process.once('SIGINT', () => void chat.close().then(() => console.log('bye')));
}

if (require.main === module) {
  run().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}

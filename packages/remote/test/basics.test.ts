import { Remote, RemoteAddr } from '@troupe/remote';
import { Account, Deposit, Note, Notes, seeEachOther, serverForFile, startNode } from './support';

const server = serverForFile();

describe('two nodes on one server', () => {
  test('an exposed actor is found by name on the other node and answers send and tell', async () => {
    const a = await startNode(server.url, 'a');
    const b = await startNode(server.url, 'b');
    const account = a.system.spawn(Account, { name: 'account' });
    await a.node.expose('accounts', account);
    const remote = await b.node.waitFor<Account>('accounts', { timeoutMs: 2000 });
    expect(remote).toBeInstanceOf(RemoteAddr);
    expect(remote.path).toBe('troupe://test@a/user/account');
    expect(await remote.send(new Deposit(5))).toBe(5);
    await remote.tell(new Note('hello'));
    expect(await remote.send(new Notes())).toEqual(['hello']);
    await seeEachOther(a.node, b.node);
    expect(b.node.members().map((m) => m.node)).toEqual(['b', 'a']);
    expect(await a.node.lookup('accounts')).toBe(account);
    expect(await b.node.lookup('accounts')).toBe(remote);
    expect(Remote).toBeDefined();
  });
});

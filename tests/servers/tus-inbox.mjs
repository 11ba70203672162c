// The lab inbox for tests, the demo and the benchmark: a real tus 1.0 server (@tus/server with
// @tus/file-store) on a loopback address. Prints "PORT <n>" once listening (port 0 = ephemeral).
// Usage: node tus-inbox.mjs --dir DIR [--host 127.0.0.1] [--port 0] [--cert F --key F]
//        [--max-size BYTES]  (larger uploads are refused with 413)
//        [--token T]   (requests without "Authorization: Bearer T" get 401)
//        [--fail-every N --fail-status S]  (every Nth PATCH answers S before touching the store)
//        [--lifeline stdin]  (exit when stdin ends: NodeServer passes it, see node_server.h)
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import {Server} from '@tus/server';
import {FileStore} from '@tus/file-store';
import {serverArgs} from './server-args.mjs';

const args = serverArgs({host: '127.0.0.1', port: '0', dir: '', cert: '', key: '', token: '',
                         failEvery: '0', failStatus: '500', maxSize: '0'});
if (!args.dir) {
    console.error('tus-inbox: --dir is required');
    process.exit(2);
}
fs.mkdirSync(args.dir, {recursive: true});
const options = {path: '/files', datastore: new FileStore({directory: args.dir})};
// Behind TLS the Location must say https; @tus/server only learns the scheme from headers.
if (args.cert) options.generateUrl = (req, {host, path, id}) => `https://${host}${path}/${id}`;
if (Number(args.maxSize) > 0) options.maxSize = Number(args.maxSize);
const tus = new Server(options);
let patches = 0;
const handler = (req, res) => {
    if (args.token && req.headers['authorization'] !== `Bearer ${args.token}`) {
        res.writeHead(401, {'Tus-Resumable': '1.0.0'});
        res.end('missing or wrong bearer token');
        return;
    }
    if (req.method === 'PATCH' && Number(args.failEvery) > 0 && ++patches % Number(args.failEvery) === 0) {
        req.resume();
        req.on('end', () => {
            res.writeHead(Number(args.failStatus), {'Tus-Resumable': '1.0.0'});
            res.end('injected failure');
        });
        return;
    }
    tus.handle(req, res);
};
const server = args.cert
    ? https.createServer({cert: fs.readFileSync(args.cert), key: fs.readFileSync(args.key)}, handler)
    : http.createServer(handler);
server.listen(Number(args.port), args.host, () => {
    console.log(`PORT ${server.address().port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

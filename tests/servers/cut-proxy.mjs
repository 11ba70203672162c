// A loopback TCP proxy that cuts connections: each accepted connection is forwarded to the
// target and destroyed (both sides) after a random number of bytes sent upstream in
// [--min, --max]. Prints "PORT <n>". Deterministic with --seed.
// Usage: node cut-proxy.mjs --target-port P [--port 0] [--min 100000] [--max 3000000] [--seed 1]
//        [--cuts N]  (after N cuts the proxy passes traffic through untouched)
//        [--rate BYTES_PER_SECOND]  (each connection's upstream bytes are paced to this rate, so a
//        test has time to stop an upload in its middle; 0 = unlimited)
//        [--lifeline stdin]  (exit when stdin ends: NodeServer passes it, see node_server.h)
import net from 'node:net';
import {serverArgs} from './server-args.mjs';

const args = serverArgs({port: '0', targetPort: '', min: '100000', max: '3000000', seed: '1',
                         cuts: '1000000', rate: '0'});
let state = Number(args.seed) >>> 0 || 1;
const random = () => {  // xorshift32: reproducible cut points
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 4294967296;
};
let cutsLeft = Number(args.cuts);
const server = net.createServer((client) => {
    const upstream = net.connect(Number(args.targetPort), '127.0.0.1');
    const armed = cutsLeft > 0;
    const limit = Number(args.min) + Math.floor(random() * (Number(args.max) - Number(args.min)));
    let sent = 0;
    client.on('data', (chunk) => {
        sent += chunk.length;
        if (armed && sent >= limit) {
            cutsLeft--;
            client.destroy();
            upstream.destroy();
            return;
        }
        upstream.write(chunk);
        const rate = Number(args.rate);
        if (rate > 0) {  // pause reading until this chunk's share of the second has passed
            client.pause();
            setTimeout(() => client.resume(), Math.ceil(chunk.length * 1000 / rate));
        }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
});
server.listen(Number(args.port), '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));

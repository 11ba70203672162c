// The command line of the node servers (tus-inbox.mjs, cut-proxy.mjs): `--some-name value` pairs
// over the script's defaults, as {someName: 'value'}. With `--lifeline stdin` the server exits
// when its stdin ends: the station that started it (NodeServer, station/appointment) holds the
// other end, so a station that dies, kill -9 included, takes its servers with it.
export function serverArgs(defaults) {
    const args = {...defaults, lifeline: ''};
    for (let i = 2; i < process.argv.length; i += 2) {
        const name = process.argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
        args[name] = process.argv[i + 1];
    }
    if (args.lifeline === 'stdin') {
        process.stdin.on('end', () => process.exit(0));
        process.stdin.on('error', () => process.exit(0));
        process.stdin.resume();
    }
    return args;
}

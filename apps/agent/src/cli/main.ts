import { runCli } from './program';

// `dc-agent --help | head`: a reader that stops early closes the pipe; that is not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The dc-agent executable. The exit code is set, not forced, so buffered output is written.
runCli(process.argv).then(
  (code) => {
    process.exitCode = code;
    // A provisioner's keep-alive socket must not keep a finished command alive; output is
    // already written (stdout and stderr are synchronous for files, pipes and terminals on Linux).
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `dc-agent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);

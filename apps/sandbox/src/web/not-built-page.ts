/** The page served at every dashboard path while `apps/dashboard/dist` does not exist. */
export function notBuiltPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Decent Cloud local sandbox: dashboard not built</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; }
  .sandbox { background: #fff3cd; color: #5c4400; border: 1px solid #e0c060; padding: .5rem 1rem; border-radius: .5rem; }
  code { background: #eee; padding: 0 .25rem; border-radius: .25rem; }
  @media (prefers-color-scheme: dark) {
    body { background: #111; color: #eee; }
    .sandbox { background: #3a3000; color: #ffe9a0; border-color: #806a20; }
    code { background: #333; }
  }
</style>
</head>
<body>
<p class="sandbox" role="note"><strong>LOCAL SANDBOX</strong>: nothing here is real (fake cloud, test money, a database on this machine).</p>
<h1>The dashboard is not built</h1>
<p>The local platform is running, but <code>apps/dashboard/dist</code> does not exist yet.
Build it with <code>pnpm turbo run build --filter=@dc/app-dashboard</code> and reload this
page (no restart needed).</p>
<p>Meanwhile the API answers on this address: <a href="/v1/health"><code>/v1/health</code></a>,
its reference is at <a href="/docs"><code>/docs</code></a>, and the sandbox renter's seed phrase
is printed in the terminal that runs <code>pnpm start</code>.</p>
</body>
</html>
`;
}

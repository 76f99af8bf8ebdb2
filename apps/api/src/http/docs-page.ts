/**
 * The interactive reference at `/docs`: Scalar's API reference reading `/v1/openapi.json`.
 * The viewer script comes from its CDN when a browser opens the page; the API itself never
 * needs the internet.
 */
export function docsPage(specUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Decent Cloud API reference</title>
  </head>
  <body>
    <noscript>The reference needs JavaScript. The raw document is at <a href="${specUrl}">${specUrl}</a>.</noscript>
    <script id="api-reference" data-url="${specUrl}"></script>
    <script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference@1"></script>
  </body>
</html>`;
}

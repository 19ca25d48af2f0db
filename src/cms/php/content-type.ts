/**
 * The media type PHP picks its body parser by (sapi_read_post_data in
 * main/SAPI.c): the Content-Type up to the first `;`, `,` or space, lower
 * case. `multipart/form-data\t; boundary=…` is not multipart to PHP.
 */
export function phpMediaType(contentType: string): string {
  const end = contentType.search(/[;, ]/);
  return (end < 0 ? contentType : contentType.slice(0, end)).toLowerCase();
}

// The package ships no types; it exports one function from the header's text to its preferences.
declare module "parse-prefer-header" {
  function parsePreferHeader(header: string | string[]): Record<string, string | true>;
  export default parsePreferHeader;
}

/**
 * A scenario's text as a copy of it should read: the built-ins point their `$schema` modeline
 * at the schema inside the package; a copy points beside itself, where `mqsim scenario schema >
 * scenario.schema.json` puts it (`scenario show` and the shell's `save` write copies).
 */
export function pointSchemaBeside(text: string): string {
  return text.replace(
    /^# yaml-language-server: \$schema=\S+$/m,
    '# yaml-language-server: $schema=./scenario.schema.json\n# (write it beside this file: mqsim scenario schema > scenario.schema.json)',
  );
}

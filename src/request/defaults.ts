/**
 * The inputs' defaults, the one copy in the code of action.yml's `default:` values
 * (a unit test holds the two together). The command line starts from these too.
 */
export const INPUT_DEFAULTS = {
  registry: 'docker.io',
  image: '',
  images: '',
  username: '',
  password: '',
  'registry-auth': '',
  'build-command': '',
  'build-command-timeout': '',
  'working-directory': '',
  context: '.',
  dockerfile: '',
  'build-args': '',
  labels: '',
  annotations: '',
  target: '',
  tags: '',
  latest: 'auto',
  'tag-prefix': '',
  'tag-suffix': '',
  'sha-length': '7',
  push: 'auto',
  'retry-timeout': '5',
  compression: 'gzip',
  builder: 'auto',
  output: '',
  platforms: '',
  'platform-tags': 'false',
  merge: '',
  'delete-platform-tags': 'false',
  readme: '',
  'short-description': '',
  secrets: '',
  cache: 'true',
  attestations: 'true',
  verify: '',
} as const;

export type InputName = keyof typeof INPUT_DEFAULTS;

/** Whether `name` is one of the action's inputs. */
export function isInputName(name: string): name is InputName {
  return Object.hasOwn(INPUT_DEFAULTS, name);
}

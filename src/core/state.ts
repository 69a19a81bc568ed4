/** Names of the values main saves for the post step (GITHUB_STATE → STATE_<name>). */
export const STATE = {
  isPost: 'isPost',
  tempDirs: 'tempDirs',
  processGroups: 'processGroups',
  partialFiles: 'partialFiles',
} as const;

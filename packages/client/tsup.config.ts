import { definePackageBuild } from '../../tsup.shared.ts';

export default definePackageBuild();

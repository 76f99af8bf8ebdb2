/** The docker provisioner (spec: agent-protocol.md §5 "docker"). */
export type { DockerConfig, DockerConfigInput } from './config';
export { DEFAULT_DOCKER_SOCKET, DEFAULT_SSH_IMAGE, DockerConfigSchema } from './config';
export type { DockerProvisionerDeps } from './provisioner';
export { createDockerProvisioner } from './provisioner';

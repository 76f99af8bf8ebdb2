/** The API server as a library, for tests and for embedding (the local sandbox). */
export { type AppDependencies, createApp } from './app';
export { type Config, ConfigError, configHelp, loadConfig } from './config';
export { type DatabaseHandle, type DatabaseLocation, openDatabase } from './db/connect';
export { loadMigrations, MigrationError, migrate } from './db/migrate';
export { type RunningServer, type StartOptions, startServer } from './server';

// @dc/client is filled by issue 5; until then it exports nothing (see README.md).
export {};

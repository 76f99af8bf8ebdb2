// @dc/crypto is filled by issue 3; until then it exports nothing (see README.md).
export {};

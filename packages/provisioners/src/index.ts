// @dc/provisioners is filled by issue 4; until then it exports nothing (see README.md).
export {};

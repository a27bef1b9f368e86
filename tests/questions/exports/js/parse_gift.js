// Parse a GIFT file with gift-pegjs and print the questions as JSON (used by the export tests).
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const text = fs.readFileSync(process.argv[2], "utf8");
try {
  process.stdout.write(JSON.stringify(parse(text)));
} catch (error) {
  const where = error.location ? ` at line ${error.location.start.line}` : "";
  process.stderr.write(`${error.name}${where}: ${error.message}\n`);
  process.exit(1);
}

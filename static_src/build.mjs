// Builds static/ from static_src/ and the pinned npm packages: our USWDS theme compiled with
// dart-sass, and the USWDS fonts, images and scripts and htmx copied beside it.
// The build goes to a scratch folder (inside the git-ignored node_modules/, on the same disk)
// that then replaces static/ in one rename, so a server or a test run reading static/ meanwhile
// never sees it half-built, and sees it missing only between two renames.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static";
const scratch = `node_modules/.continuum-static-building-${process.pid}`;
const previous = `node_modules/.continuum-static-previous-${process.pid}`;
rmSync(scratch, { recursive: true, force: true });
mkdirSync(`${scratch}/css`, { recursive: true });

try {
  const css = sass.compile("static_src/scss/continuum.scss", {
    loadPaths: ["node_modules/@uswds/uswds/packages"],
    style: "compressed",
    quietDeps: true,
    silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
  });
  writeFileSync(`${scratch}/css/continuum.css`, css.css);

  const uswds = "node_modules/@uswds/uswds/dist";
  for (const dir of ["fonts", "img", "js"]) {
    cpSync(`${uswds}/${dir}`, `${scratch}/uswds/${dir}`, { recursive: true });
  }
  mkdirSync(`${scratch}/vendor`, { recursive: true });
  cpSync("node_modules/htmx.org/dist/htmx.min.js", `${scratch}/vendor/htmx.min.js`);
  cpSync("static_src/js", `${scratch}/js`, { recursive: true });

  if (existsSync(out)) {
    renameSync(out, previous);
  }
  renameSync(scratch, out);
  rmSync(previous, { recursive: true, force: true });
  const images = readdirSync(`${out}/uswds/img`).length;
  console.log(`built ${out}/: css ${Math.round(css.css.length / 1024)} KiB, ${images} images`);
} catch (error) {
  rmSync(scratch, { recursive: true, force: true });
  throw error;
}

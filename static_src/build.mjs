// Builds static/ from static_src/ and the pinned npm packages: our USWDS theme compiled with
// sass, and the USWDS fonts, images and scripts and htmx copied beside it.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/css`, { recursive: true });

const css = sass.compile("static_src/scss/continuum.scss", {
  loadPaths: ["node_modules/@uswds/uswds/packages"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
});
writeFileSync(`${out}/css/continuum.css`, css.css);

const uswds = "node_modules/@uswds/uswds/dist";
for (const dir of ["fonts", "img", "js"]) {
  cpSync(`${uswds}/${dir}`, `${out}/uswds/${dir}`, { recursive: true });
}
mkdirSync(`${out}/vendor`, { recursive: true });
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/vendor/htmx.min.js`);
cpSync("static_src/js", `${out}/js`, { recursive: true });
console.log(`built ${out}/: css ${Math.round(css.css.length / 1024)} KiB, ${readdirSync(`${out}/uswds/img`).length} images`);

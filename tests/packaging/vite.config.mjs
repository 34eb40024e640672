// Builds the packaging app into target/packaging (outside the source tree).
import { defineConfig } from "vite";

export default defineConfig({
  logLevel: "warn",
  build: {
    outDir: "../../target/packaging",
    emptyOutDir: true,
  },
});

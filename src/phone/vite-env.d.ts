/// <reference types="vite/client" />
// Vite's module types: `?url` imports (the ZXing .wasm file) and CSS.

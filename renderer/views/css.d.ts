// Vite bundles CSS imports; this tells TypeScript a stylesheet import is a side effect only.
declare module '*.css';

// js-md4 ships no types. Only the part we use is declared.
declare module 'js-md4' {
  type Md4Input = string | ArrayBuffer | Uint8Array | number[];
  interface Md4 {
    (message: Md4Input): string;
    arrayBuffer(message: Md4Input): ArrayBuffer;
  }
  const md4: Md4;
  export default md4;
}

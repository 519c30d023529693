export declare const distDir: string;
export declare function serveReference(options?: { port?: number; host?: string }): Promise<{ url: string; close(): Promise<void> }>;

"use client";
// quotakit in a client component: bundled for the browser (the inline .wasm), and imported
// once more on the server when Next.js prerenders the page.
import { useEffect, useState } from "react";
import { run } from "./consumer.mjs";

export default function Page() {
  const [report, setReport] = useState("");
  useEffect(() => setReport(JSON.stringify(run())), []);
  return <pre id="report">{report}</pre>;
}

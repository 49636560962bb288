// Indexes two articles into a new archive and searches them, through the public API only.
#include <iostream>

#include <newsdex/searcher.h>
#include <newsdex/writer.h>

int main(int argc, char** argv) {
  if (argc != 2) { std::cerr << "usage: embed_app ARCHIVE\n"; return 1; }
  auto writer = newsdex::Writer::Open(newsdex::WriterOptions{}, argv[1]);
  if (!writer.ok()) { std::cerr << writer.status().ToString() << "\n"; return 2; }
  newsdex::Article a;
  a.id = "embed-1"; a.title = "Putin visits Beijing"; a.body = "Talks with Xi Jinping.";
  a.published = 1697500800;  // 2023-10-17
  a.people = {"Vladimir Putin"};
  newsdex::Article b = a;
  b.id = "embed-2"; b.title = "Wheat harvest"; b.body = "Farmers in Kansas."; b.people = {};
  if (!(*writer)->Add(a).ok() || !(*writer)->Add(b).ok() || !(*writer)->Commit().ok()) return 2;
  writer->reset();  // releases the archive

  auto searcher = newsdex::Searcher::Open(newsdex::SearcherOptions{}, argv[1]);
  if (!searcher.ok()) { std::cerr << searcher.status().ToString() << "\n"; return 2; }
  newsdex::SearchRequest request;
  request.query = "person:putin date:2023-10";
  auto results = (*searcher)->Search(request);
  if (!results.ok()) { std::cerr << results.status().ToString() << "\n"; return 2; }
  for (const auto& hit : results->hits) std::cout << hit.id << " " << hit.title << "\n";
  return results->total == 1 && results->hits.at(0).id == "embed-1" ? 0 : 3;
}

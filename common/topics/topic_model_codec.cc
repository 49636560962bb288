// The binary form of a TopicModel, version 1. Every number is little-endian:
//
//   "NDXTOPIC"                          8-byte magic
//   u32 version                         1
//   u64 training articles
//   u32 topics T, u32 features F
//   T × { u32 length, name bytes, u64 articles, f32 bias }     names sorted, distinct
//   F × { u32 length, term bytes, f32 idf }                    terms sorted, distinct
//   F × T f32 weights, feature-major
//   u32 CRC-32 (zlib) of every byte before it
//
// Floats are IEEE 754 binary32 bit patterns. Reading checks the checksum before anything
// else, then every length against the bytes left, so damaged bytes give Corruption and
// never a huge allocation or a read past the end.
#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstring>

#include "common/topics/topic_classifier.h"
#include "common/topics/topic_model_rep.h"

namespace newsdex::topics {

namespace {

constexpr std::string_view kMagic = "NDXTOPIC";
constexpr std::uint32_t kVersion = 1;
// Magic, version, training articles, topic and feature counts, checksum.
constexpr std::size_t kFixedBytes = 8 + 4 + 8 + 4 + 4 + 4;

void PutU32(std::uint32_t v, std::string* out) {
  for (int shift = 0; shift < 32; shift += 8) out->push_back(static_cast<char>(v >> shift));
}
void PutU64(std::uint64_t v, std::string* out) {
  for (int shift = 0; shift < 64; shift += 8) out->push_back(static_cast<char>(v >> shift));
}
void PutF32(float v, std::string* out) { PutU32(std::bit_cast<std::uint32_t>(v), out); }
void PutBytes(std::string_view bytes, std::string* out) {
  PutU32(static_cast<std::uint32_t>(bytes.size()), out);
  out->append(bytes);
}

std::uint32_t Crc32(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

// Reads fields in order; every read fails, without moving, past the end.
class ModelReader {
 public:
  explicit ModelReader(std::string_view bytes) : bytes_(bytes) {}

  std::size_t left() const { return bytes_.size() - pos_; }
  bool U32(std::uint32_t* v) {
    std::uint64_t wide = 0;
    if (!Little(4, &wide)) return false;
    *v = static_cast<std::uint32_t>(wide);
    return true;
  }
  bool U64(std::uint64_t* v) { return Little(8, v); }
  // Reads a finite float.
  bool F32(float* v) {
    std::uint32_t bits = 0;
    if (!U32(&bits)) return false;
    *v = std::bit_cast<float>(bits);
    return std::isfinite(*v);
  }
  bool Bytes(std::string* s) {
    std::uint32_t length = 0;
    if (!U32(&length) || length > left()) return false;
    s->assign(bytes_.substr(pos_, length));
    pos_ += length;
    return true;
  }

 private:
  bool Little(std::size_t width, std::uint64_t* v) {
    if (left() < width) return false;
    std::uint64_t out = 0;
    for (std::size_t k = 0; k < width; ++k) {
      out |= std::uint64_t{static_cast<unsigned char>(bytes_[pos_ + k])} << (8 * k);
    }
    pos_ += width;
    *v = out;
    return true;
  }

  std::string_view bytes_;
  std::size_t pos_ = 0;
};

Status Damaged(std::string_view what) {
  return Status::Corruption("topic model: " + std::string(what));
}

// Reads the topics and features lists and the weights into *rep.
Status ReadBody(ModelReader* in, std::uint32_t topics, std::uint32_t features,
                internal::TopicModelContents* rep) {
  // Each topic takes at least 16 bytes and each feature 8, so a count larger than the
  // bytes left can allow is damage, caught before any allocation.
  if (topics > in->left() / 16) return Damaged("bad topic count");
  for (std::uint32_t t = 0; t < topics; ++t) {
    LearnedTopic topic;
    std::uint64_t articles = 0;
    float bias = 0;
    if (!in->Bytes(&topic.topic) || !in->U64(&articles) || !in->F32(&bias)) {
      return Damaged("bad topic entry");
    }
    if (topic.topic.empty() || (t > 0 && !(rep->topics.back().topic < topic.topic))) {
      return Damaged("topics not sorted");
    }
    topic.articles = static_cast<std::size_t>(articles);
    rep->topics.push_back(std::move(topic));
    rep->biases.push_back(bias);
  }
  if (features > in->left() / 8) return Damaged("bad feature count");
  for (std::uint32_t f = 0; f < features; ++f) {
    std::string term;
    float idf = 0;
    if (!in->Bytes(&term) || !in->F32(&idf) || !(idf > 0)) return Damaged("bad feature entry");
    if (term.empty() || (f > 0 && !(rep->features.back() < term))) {
      return Damaged("features not sorted");
    }
    rep->features.push_back(std::move(term));
    rep->idf.push_back(idf);
  }
  const std::uint64_t weights = std::uint64_t{topics} * features;
  if (weights > in->left() / 4) return Damaged("weights cut short");
  rep->weights.resize(weights);
  for (float& w : rep->weights) {
    if (!in->F32(&w)) return Damaged("bad weight");
  }
  return Status::Ok();
}

}  // namespace

std::string TopicModel::Serialize() const {
  const Rep empty;
  const Rep& rep = rep_ ? *rep_ : empty;
  std::string out(kMagic);
  PutU32(kVersion, &out);
  PutU64(rep.training_articles, &out);
  PutU32(static_cast<std::uint32_t>(rep.topics.size()), &out);
  PutU32(static_cast<std::uint32_t>(rep.features.size()), &out);
  for (std::size_t t = 0; t < rep.topics.size(); ++t) {
    PutBytes(rep.topics[t].topic, &out);
    PutU64(rep.topics[t].articles, &out);
    PutF32(rep.biases[t], &out);
  }
  for (std::size_t f = 0; f < rep.features.size(); ++f) {
    PutBytes(rep.features[f], &out);
    PutF32(rep.idf[f], &out);
  }
  out.reserve(out.size() + 4 * rep.weights.size() + 4);
  for (float w : rep.weights) PutF32(w, &out);
  PutU32(Crc32(out), &out);
  return out;
}

Result<TopicModel> TopicModel::Deserialize(std::string_view bytes) {
  if (bytes.size() < kFixedBytes) return Damaged("too short");
  if (bytes.substr(0, kMagic.size()) != kMagic) return Damaged("not a topic model");
  ModelReader in(bytes.substr(kMagic.size()));
  std::uint32_t version = 0;
  if (!in.U32(&version)) return Damaged("too short");
  if (version != kVersion) {
    return Damaged("unknown version " + std::to_string(version) + " (this build reads " +
                   std::to_string(kVersion) + ")");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 4);
  ModelReader trailer(bytes.substr(bytes.size() - 4));
  std::uint32_t checksum = 0;
  if (!trailer.U32(&checksum) || checksum != Crc32(body)) return Damaged("checksum mismatch");

  ModelReader fields(body.substr(kMagic.size() + 4));
  std::uint64_t training_articles = 0;
  std::uint32_t topics = 0, features = 0;
  if (!fields.U64(&training_articles) || !fields.U32(&topics) || !fields.U32(&features)) {
    return Damaged("too short");
  }
  TopicModel model;
  Rep& rep = *model.rep_;
  rep.training_articles = static_cast<std::size_t>(training_articles);
  if (Status s = ReadBody(&fields, topics, features, &rep); !s.ok()) return s;
  if (fields.left() != 0) return Damaged("trailing bytes");
  rep.BuildIndex();
  return model;
}

}  // namespace newsdex::topics

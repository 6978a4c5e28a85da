FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng ghostscript poppler-utils qpdf fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/lontar
COPY . .
RUN pip install --no-cache-dir '.[postgres]'
ENV LONTAR_DATA_DIR=/data

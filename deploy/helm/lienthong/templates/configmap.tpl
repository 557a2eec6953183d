{{- /* Manifest template (.tpl rather than .yaml: the repository's prettier check parses every .yaml). */ -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lienthong.fullname" . }}-common
  labels:
    {{- include "lienthong.labels" . | nindent 4 }}
data:
  {{- range $key, $value := .Values.common.env }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- range $name, $app := .Values.apps }}
{{- if $app.enabled }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "lienthong.appName" (dict "root" $ "app" $name) }}
  labels:
    {{- include "lienthong.labels" $ | nindent 4 }}
    {{- include "lienthong.selectorLabels" (dict "root" $ "app" $name) | nindent 4 }}
data:
  {{- $env := dict }}
  {{- if $app.adapterEnv }}
  {{- $env = merge $env (deepCopy $app.env) (deepCopy $.Values.adapterEnv) }}
  {{- else }}
  {{- $env = merge $env (deepCopy $app.env) }}
  {{- end }}
  {{- range $key, $value := $env }}
  {{ $key }}: {{ $value | toString | quote }}
  {{- end }}
{{- end }}
{{- end }}
